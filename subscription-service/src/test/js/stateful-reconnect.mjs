// Stateful reconnect with the Microsoft SignalR JavaScript client, driven by StatefulReconnectTest.
// A TCP proxy sits between the client and the hub so that the test can drop the socket under the
// client (as a flaky network would) and hold its reconnect until told. Commands on stdin:
// DROP (destroy the open sockets, hold new ones), RESUME (let held sockets through), END.
// Output lines: READY <connectionId>, EVENT <id>, DROPPED, RESUMED, ACTIVE <n> <connectionId>, CLOSED <error>, STOPPED.
import net from "node:net";
import readline from "node:readline";
import * as signalR from "@microsoft/signalr";

const [hub, token, queue] = process.argv.slice(2);
const target = new URL(hub);
const open = new Set();
let holding = false;
const held = [];

function pipe(client) {
  const upstream = net.connect(Number(target.port), target.hostname);
  client.pipe(upstream).pipe(client);
  open.add(client); open.add(upstream);
  const forget = () => { open.delete(client); open.delete(upstream); client.destroy(); upstream.destroy(); };
  client.on("close", forget); upstream.on("close", forget);
  client.on("error", forget); upstream.on("error", forget);
}
const proxy = net.createServer((client) => {
  if (holding) { client.pause(); held.push(client); } else { pipe(client); }
});
await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${proxy.address().port}${target.pathname}`;

const connection = new signalR.HubConnectionBuilder()
  .withUrl(url, { accessTokenFactory: () => token })
  .withStatefulReconnect()
  .configureLogging(signalR.LogLevel.Warning)
  .build();
connection.on("MessageReceived", (message) => console.log("EVENT " + message.data.id));
connection.onclose((error) => console.log("CLOSED " + (error ? error.message : "")));
await connection.start();
const results = await connection.invoke("Subscribe", [{ EntityId: queue, EventName: "QueueStatus" }]);
if (!results[0].subscribed) { console.log("SUBSCRIBE FAILED " + JSON.stringify(results)); process.exit(2); }
console.log("READY " + connection.connectionId);

for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line === "DROP") {
    holding = true;
    for (const socket of open) socket.destroy();
    console.log("DROPPED");
  } else if (line === "RESUME") {
    holding = false;
    for (const client of held.splice(0)) { pipe(client); client.resume(); }
    console.log("RESUMED");
  } else if (line === "END") {
    const active = await connection.invoke("ActiveSubscriptions");
    console.log("ACTIVE " + active.length + " " + connection.connectionId);
    await connection.stop();
    console.log("STOPPED");
    proxy.close();
    process.exit(0);
  }
}
