import { createHttpHeaders, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { rawListPages, type PipelineClient } from '../../../src/backup/rawPages';

// Issue 16: the client's deserialization policy has parsed a JSON answer already (`parsedBody`);
// a 147 KB jobs page was parsed a second time from its text. The pages use what is there.

function clientAnswering(pages: Array<{ text: string; parsed?: unknown; status?: number }>): PipelineClient & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      urls.push(request.url);
      const page = pages[urls.length - 1];
      return { request, status: page.status ?? 200, headers: createHttpHeaders(), bodyAsText: page.text, ...(page.parsed === undefined ? {} : { parsedBody: page.parsed }) } as PipelineResponse;
    },
  };
}

async function all(client: PipelineClient): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  for await (const page of rawListPages(client, 'https://arm.example/first')) pages.push(page);
  return pages;
}

it('uses the body the pipeline parsed, and follows nextLink', async () => {
  // The text is not what the pipeline parsed: only parsedBody can give these items.
  const client = clientAnswering([
    { text: 'stale text', parsed: { value: [1, 2], nextLink: 'https://arm.example/second' } },
    { text: 'stale text', parsed: { value: [3] } },
  ]);
  expect(await all(client)).toEqual([[1, 2], [3]]);
  expect(client.urls).toEqual(['https://arm.example/first', 'https://arm.example/second']);
});

it('parses the text when nothing was parsed, and refuses a body that is not JSON', async () => {
  expect(await all(clientAnswering([{ text: '{"value":["a"]}' }]))).toEqual([['a']]);
  await expect(all(clientAnswering([{ text: '<html>' }]))).rejects.toThrow('Azure answered 200 with a body that is not JSON.');
});

it("turns an error answer into Azure's code and message", async () => {
  const client = clientAnswering([{ text: '', parsed: { error: { code: 'AuthorizationFailed', message: 'No access.' } }, status: 403 }]);
  await expect(all(client)).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed', message: 'No access.' });
});
