/** DI token of the NotifierRuntime the module's controllers and consumer share. */
export const NOTIFIER_RUNTIME = Symbol('NOTIFIER_RUNTIME');
