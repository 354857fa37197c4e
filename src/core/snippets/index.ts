// The snippet library's pure logic: syntax, expansion, the YAML source and what it compiles to.
export * from './naming';
export * from './syntax';
export * from './tabStops';
export * from './expand';
export * from './validateBody';
export * from './source';
export * from './compile';
export * from './catalog';
export * from './imports';
