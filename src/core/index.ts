// The public surface of the file-format layer: errors, dtypes, safetensors, config, model and
// probe set. Each module owns one format; import from here or from the module itself.
export * from './errors';
export * from './dtype';
export * from './safetensors';
export * from './config';
export * from './model';
export * from './probes';
