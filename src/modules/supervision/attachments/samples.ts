// For tests: small real files a bidder's office suite would make, with the metadata a test names.
import { strToU8, zipSync } from 'fflate';

/** PDF text strings as UTF-16BE with a byte-order mark, so Chinese names survive. */
const pdfText = (value: string) => `<FEFF${Buffer.from(value, 'utf16le').swap16().toString('hex')}>`;

/** A one-page PDF 1.4 whose Info dictionary holds these entries (Author, Creator, Producer…). */
export function samplePdf(info: Record<string, string>, body = ''): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< ${Object.entries(info)
      .map(([k, v]) => `/${k} ${pdfText(v)}`)
      .join(' ')} >>`,
  ];
  let out = `%PDF-1.4\n% ${body}\n`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out +=
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal DOCX (zip) with core and app properties: author, last editor, company, and some text. */
export function sampleDocx(
  props: { author?: string; lastModifiedBy?: string; company?: string },
  text = '投标文件',
): Uint8Array {
  const core =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">' +
    (props.author !== undefined ? `<dc:creator>${escapeXml(props.author)}</dc:creator>` : '') +
    (props.lastModifiedBy !== undefined
      ? `<cp:lastModifiedBy>${escapeXml(props.lastModifiedBy)}</cp:lastModifiedBy>`
      : '') +
    '</cp:coreProperties>';
  const app =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">' +
    '<Application>Microsoft Office Word</Application>' +
    (props.company !== undefined ? `<Company>${escapeXml(props.company)}</Company>` : '') +
    '</Properties>';
  const document =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>' +
    `<w:t>${escapeXml(text)}</w:t></w:r></w:p></w:body></w:document>`;
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    'word/document.xml': strToU8(document),
    'docProps/core.xml': strToU8(core),
    'docProps/app.xml': strToU8(app),
  });
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
