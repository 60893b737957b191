// A real Socket.IO client (npm socket.io-client 4.8.4) driven line by line by SocketIoStreamTest:
// commands arrive on stdin as JSON lines, everything the client sees leaves on stdout as JSON lines.
import { io } from "socket.io-client";
import readline from "node:readline";

const out = (message) => process.stdout.write(JSON.stringify(message) + "\n");
let socket;

function connect({ url, transports, init }) {
  // the document's snippet: io.connect(), a handler for 'update', then emit('init', type, target, id_session)
  socket = io(url, { transports: transports ?? ["polling", "websocket"], reconnectionDelay: 200, reconnectionDelayMax: 500,
                     forceNew: true });
  socket.on("connect", () => out({ type: "connect", id: socket.id, recovered: socket.recovered,
                                   transport: socket.io.engine.transport.name }));
  socket.on("update", (data) => out({ type: "update", data, transport: socket.io.engine.transport.name }));
  socket.on("connect_error", (error) => out({ type: "connect_error", message: error.message }));
  socket.on("disconnect", (reason) => out({ type: "disconnect", reason }));
  socket.io.on("open", () => socket.io.engine.on("upgrade", (transport) => out({ type: "upgrade", transport: transport.name })));
  if (init && init.length) {
    socket.emit("init", ...init);
  }
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const command = JSON.parse(line);
  switch (command.cmd) {
    case "connect": connect(command); break;
    case "init": socket.emit("init", ...command.args); break;
    case "initAck": socket.emit("init", ...command.args, (answer) => out({ type: "ack", answer })); break;
    case "drop": socket.io.engine.close(); break;     // the transport drops; the client reconnects by itself
    case "close": socket.close(); process.exit(0);
  }
});
out({ type: "ready" });
