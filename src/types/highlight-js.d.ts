/**
 * The few highlight.js types the code needs. highlight.js's own declarations pull in the DOM
 * library (`/// <reference lib="dom" />`), which clashes with the Workers types; tsconfig.json
 * points the bare "highlight.js" at this file for type checking only (lowlight's types import
 * LanguageFn from it), and the grammar subpaths, which ship no types, are declared here.
 */
export type LanguageFn = (hljs?: unknown) => unknown;
