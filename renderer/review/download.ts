import type { ExportFile } from '../../shared/api/review-exports';

/**
 * Offers an export as a download (Blob + `<a download>`): the lead chooses where it goes, and the bridge
 * never writes a path the page named. The object URL is released once the browser has taken it.
 */
export function offerDownload(file: ExportFile, doc: Document = document): void {
  const blob = new Blob([file.content], { type: `${file.mediaType};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.rel = 'noopener';
  a.hidden = true;
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Offers binary content that came over the bridge as base64 (a recording's inspection export) as a download. */
export function offerBase64Download(file: { readonly fileName: string; readonly mediaType: string; readonly base64: string }, doc: Document = document): void {
  const raw = atob(file.base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mediaType }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.rel = 'noopener';
  a.hidden = true;
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
