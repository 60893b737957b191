// Manual smoke test with the Microsoft SignalR JavaScript client in Node (see README, "JavaScript client").
import * as signalR from "@microsoft/signalr";
const [hub, token, queue, mode] = process.argv.slice(2);
const options = { accessTokenFactory: () => token };
if (mode === "skip") { options.skipNegotiation = true; options.transport = signalR.HttpTransportType.WebSockets; }
const connection = new signalR.HubConnectionBuilder().withUrl(hub, options).configureLogging(signalR.LogLevel.Warning).build();
const received = new Promise((resolve) => connection.on("MessageReceived", resolve));
await connection.start();
const results = await connection.invoke("Subscribe", [{ EntityId: queue, EventName: "QueueStatus" }, { EntityId: "nope", EventName: "QueueStatus" }]);
console.log("Subscribe ->", JSON.stringify(results));
const message = await received;
console.log("MessageReceived ->", message.subscription.eventType, message.data.queueId, "queuing:", message.data.nbrOfQueuingRequesters);
console.log("ActiveSubscriptions ->", (await connection.invoke("ActiveSubscriptions")).length);
console.log("Unsubscribe ->", JSON.stringify(await connection.invoke("Unsubscribe", [{ EntityId: queue, EventName: "QueueStatus" }])));
console.log("AvailableSubscriptions ->", (await connection.invoke("AvailableSubscriptions")).length, "events");
await connection.stop();
console.log("stopped, mode:", mode ?? "negotiate");
