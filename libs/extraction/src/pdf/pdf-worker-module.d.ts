// pdfjs-dist ships no types for its worker entry; read-pdf.ts imports it only for its side effect.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
