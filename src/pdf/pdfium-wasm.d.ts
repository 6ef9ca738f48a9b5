/** The base64 copy of PDFium's wasm that @hyzyla/pdfium ships without a declaration. */
declare module '@hyzyla/pdfium/dist/pdfium.wasm.base64-B4io7kt4.js' {
  export const PDFIUM_WASM_BASE64: string;
}

/** The CommonJS build, which bundles cleanly (the ESM build's `await import('module')` does not survive ncc). */
declare module '@hyzyla/pdfium/dist/index.cjs' {
  export * from '@hyzyla/pdfium';
}
