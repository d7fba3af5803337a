/** Nest injection tokens of this service's own parts. */
export const COMPONENTS = Symbol('grant-exposure-calculator:components');
export const RESOLUTION_SCHEDULER = Symbol('grant-exposure-calculator:resolution-scheduler');
