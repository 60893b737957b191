// Live events: the public WebSocket API from the browser, with the Microsoft SignalR JavaScript client.
(() => {
  const MAX_ROWS = 500;
  const rows = document.getElementById("live-rows");
  const status = document.getElementById("live-status");
  const pauseButton = document.getElementById("pause");
  const eventFilter = document.getElementById("filter-event");
  const entityFilter = document.getElementById("filter-entity");
  const organization = document.getElementById("live").dataset.organization;
  let paused = false;
  let waiting = [];
  let received = 0;

  async function rteToken() {
    const answer = await fetch("/live/token", { credentials: "same-origin", headers: { "Accept": "application/json" } });
    if (answer.redirected || answer.status === 401) { window.location.href = "/sign-in?expired=true"; throw new Error("signed out"); }
    if (!answer.ok) throw new Error("no RTE token (HTTP " + answer.status + ")");
    return answer.json();
  }

  function entityText(data) {
    return [data.entityId, data.queueName, data.userName, data.callListName, data.name].filter(Boolean).join(" ");
  }

  function matches(row) {
    const event = eventFilter.value;
    const entity = entityFilter.value.trim().toLowerCase();
    return (!event || row.dataset.event === event) && (!entity || row.dataset.entity.toLowerCase().includes(entity));
  }

  function applyFilters() {
    for (const row of rows.children) row.hidden = !matches(row);
  }

  function show(message) {
    const data = message.data || {};
    const row = document.createElement("tr");
    row.dataset.event = data.eventType || message.subscription.eventType;
    row.dataset.entity = entityText(data);
    for (const text of [data.timestamp || new Date().toISOString(), row.dataset.event,
                        (data.entityType || "") + " " + (data.entityId || ""), JSON.stringify(data)]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.appendChild(cell);
    }
    row.lastChild.className = "data";
    row.hidden = !matches(row);
    rows.prepend(row);
    while (rows.children.length > MAX_ROWS) rows.lastChild.remove();
  }

  function showStatus(text) {
    status.textContent = text;
  }

  pauseButton.addEventListener("click", () => {
    paused = !paused;
    pauseButton.setAttribute("aria-pressed", String(paused));
    pauseButton.textContent = paused ? "Resume" : "Pause";
    if (!paused) {
      waiting.forEach(show);
      waiting = [];
      showStatus("Receiving events.");
    } else {
      showStatus("Paused: new events wait until you resume.");
    }
  });
  document.getElementById("clear").addEventListener("click", () => rows.replaceChildren());
  eventFilter.addEventListener("change", applyFilters);
  entityFilter.addEventListener("input", applyFilters);

  async function start() {
    const first = await rteToken();
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(first.WssEndpoint, {
        skipNegotiation: true,
        transport: signalR.HttpTransportType.WebSockets,
        accessTokenFactory: async () => (await rteToken()).Token
      })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection.on("MessageReceived", (message) => {
      const data = message.data || {};
      // a platform-admin subscribes to every organization: show the one the console works on
      if (data.rootEntityId && organization && data.rootEntityId !== organization) return;
      received++;
      if (paused) {
        waiting.push(message);
        if (waiting.length > MAX_ROWS) waiting.shift();
        showStatus("Paused: " + waiting.length + " new events waiting.");
      } else {
        show(message);
      }
    });
    connection.on("SubscriptionRevoked", () => showStatus("Some subscriptions were revoked."));
    connection.onreconnecting(() => showStatus("Connection lost, reconnecting…"));
    connection.onreconnected(() => subscribe(connection));
    connection.onclose((error) => showStatus("Disconnected" + (error ? ": " + error.message : ".")));
    await connection.start();
    await subscribe(connection);
  }

  async function subscribe(connection) {
    const names = await connection.invoke("AvailableSubscriptions");
    const results = await connection.invoke("Subscribe", names.map((name) => ({ EventName: name })));
    const refused = results.filter((r) => !r.subscribed).length;
    showStatus("Receiving events (" + (names.length - refused) + " subscriptions" + (refused ? ", " + refused + " refused" : "") + ").");
  }

  start().catch((error) => showStatus("Could not connect: " + error.message));
})();
