import { defineFault } from '../faultKit.ts';

/** The fault `single-result-as-object` (`faults.ts`), breaking OK-3. */
export const singleResultAsObject = defineFault({
  breaks: 'OK-3',
  description:
    'JSON `Results.Result` is an object, not a list, when there is exactly one result (the classic XML-to-JSON converter bug that crashes the Node and Python SDKs).',
  hooks: {
    render: (next) => (body, reply) => {
      const response = next(body, reply);
      if (reply.format !== 'json' || body.root !== 'DetachKeyPairResponse' || body.results?.length !== 1)
        return response;
      const document = JSON.parse(new TextDecoder().decode(response.body)) as {
        Results: { Result: unknown[] };
      };
      const converted = { ...document, Results: { Result: document.Results.Result[0] } };
      return { ...response, body: new TextEncoder().encode(JSON.stringify(converted)) };
    },
  },
});
