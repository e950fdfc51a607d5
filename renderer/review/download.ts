import type { ExportFile } from '../../shared/api/review-exports';

/**
 * Offers a blob as a download (`<a download>`): the lead chooses where it goes, and the bridge never
 * writes a path the page named. The object URL is released once the browser has taken it.
 */
function offerBlob(blob: Blob, fileName: string, doc: Document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Offers an export (text) as a download. */
export function offerDownload(file: ExportFile, doc: Document = document): void {
  offerBlob(new Blob([file.content], { type: `${file.mediaType};charset=utf-8` }), file.fileName, doc);
}

/** Offers binary content that came over the bridge as base64 (a recording's inspection export) as a download. */
export function offerBase64Download(file: { readonly fileName: string; readonly mediaType: string; readonly base64: string }, doc: Document = document): void {
  const raw = atob(file.base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  offerBlob(new Blob([bytes], { type: file.mediaType }), file.fileName, doc);
}
