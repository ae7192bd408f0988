// Starts GraphiQL against the endpoint named on #graphiql, with the example
// operations (served as JSON) in tabs. A file of its own, not an inline
// script, so the page's Content-Security-Policy can forbid inline scripts.
(async () => {
  const root = document.getElementById('graphiql');
  const url = location.origin + root.dataset.endpoint;
  let examples = [];
  try {
    const res = await fetch(root.dataset.examples);
    if (res.ok) examples = await res.json();
  } catch (e) {
    console.warn('GraphiQL examples not loaded', e);
  }
  const tabs = examples.map((ex) => ({ query: ex.query, variables: ex.variables || undefined }));
  // Subscriptions go over WebSocket (graphql-transport-ws) to the same
  // endpoint; the key, when the headers editor holds one, goes in
  // connection_init, as the API expects.
  const wsClient = graphqlWs.createClient({
    url: url.replace(/^http/, 'ws'),
    lazy: true,
    connectionParams: () => {
      try {
        const headers = JSON.parse(localStorage.getItem('graphiql:headers') || '{}');
        return headers.Authorization ? { Authorization: headers.Authorization } : {};
      } catch {
        return {};
      }
    },
  });
  const fetcher = GraphiQL.createFetcher({ url, wsClient });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: tabs,
      defaultQuery: tabs.length ? tabs[0].query : undefined,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      inputValueDeprecation: true,
    }),
  );
})();
