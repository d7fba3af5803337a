export * from './config-error';
export * from './load-config';
export * from './describe-env';
export * from './fragments';
