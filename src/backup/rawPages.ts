import { createPipelineRequest, RestError, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

/**
 * The items of every page of an ARM list as plain JSON, read through an SDK client's own pipeline
 * (credential, retries with Retry-After, the call deadline, the ARM recorder all apply), without
 * the SDK's deserializer. Used for the one list where that deserializer costs more than the
 * request: core-client looks up each protected item's subtype by walking every discriminator of
 * the Recovery Services API, ~70 KB of garbage per item, ~1 GB for 15,000 items, and the heap it
 * grows to stays (issue 16, RSS at 20,000 VMs: bench/README.md).
 */
export interface PipelineClient {
  sendRequest(request: PipelineRequest): Promise<PipelineResponse>;
}

/** Each page's items in turn (a caller that stops iterating stops the paging). */
export async function* rawListPages(client: PipelineClient, firstUrl: string): AsyncIterable<unknown[]> {
  for (let url: string | undefined = firstUrl; url; ) {
    const response = await client.sendRequest(createPipelineRequest({ url, method: 'GET' }));
    const body = bodyOf(response);
    if (response.status !== 200) throw restErrorOf(response, body);
    const page = body as { value?: unknown[]; nextLink?: string | null };
    yield page.value ?? [];
    url = page.nextLink ?? undefined;
  }
}

export async function* rawListItems(client: PipelineClient, firstUrl: string): AsyncIterable<unknown> {
  for await (const page of rawListPages(client, firstUrl)) yield* page;
}

/**
 * The JSON the client's deserialization policy already parsed into `parsedBody` (it parses every
 * JSON answer, operation spec or not), else the text parsed here: a 200-job page is 147 KB, and
 * parsing it twice cost ~0.3 ms a page (issue 16).
 */
function bodyOf(response: PipelineResponse): unknown {
  const parsed = (response as PipelineResponse & { parsedBody?: unknown }).parsedBody;
  return parsed !== undefined && parsed !== null && typeof parsed === 'object' ? parsed : parseBody(response);
}

function parseBody(response: PipelineResponse): unknown {
  const text = response.bodyAsText ?? '';
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new RestError(`Azure answered ${response.status} with a body that is not JSON.`, { statusCode: response.status, request: response.request, response });
  }
}

/** The RestError the SDK would have thrown: ARM's {error: {code, message}} envelope, status and headers kept. */
function restErrorOf(response: PipelineResponse, body: unknown): RestError {
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  const message = typeof error?.message === 'string' ? error.message : `Azure answered ${response.status}.`;
  return new RestError(message, { code: typeof error?.code === 'string' ? error.code : undefined, statusCode: response.status, request: response.request, response });
}
