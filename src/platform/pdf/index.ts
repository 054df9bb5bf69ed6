export { FONT, renderPdf, type PdfDoc, type PdfInfo } from './document.js';
export { pdfText } from './text.js';
export { PdfCache } from './cache.js';
