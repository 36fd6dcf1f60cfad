/** Downloads a generated document with the session's credentials (a plain link would carry no bearer token). */
import { ApiProblem, authHeaders } from '../../api';

export async function fetchFile(path: string, token: string): Promise<{ blob: Blob; fileName: string }> {
  let response: Response;
  try {
    response = await fetch(path, { headers: authHeaders('GET', token) });
  } catch {
    throw new ApiProblem(0, 'Kunde inte nå servern. Försök igen.', 'NETWORK', []);
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { message?: string; code?: string };
    throw new ApiProblem(
      response.status,
      problem.message ?? `Servern svarade med fel (${response.status}).`,
      problem.code ?? `HTTP_${response.status}`,
      [],
    );
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'dokument';
  return { blob: await response.blob(), fileName };
}

/** Hands a file to the browser's download, as a link click would. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
