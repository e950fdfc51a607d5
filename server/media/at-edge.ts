import { ApiError } from '../http/api-error';
import { NgError } from './ng-client';

/** Runs a media-edge command; a refusal or silence becomes a clear 503 (`media-edge-unavailable`), never a 500. */
export async function atEdge<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof NgError) throw new ApiError('media-edge-unavailable', `the media edge could not ${what}: ${err.reason}`);
    throw err;
  }
}
