// A bare Socket.IO server: the raw broadcast limit. Every client joins one room; a `trigger` from the
// benchmark makes the server broadcast the payload to that room, as the real server does for an event.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
io.on('connection', (socket) => {
  void socket.join('all');
  socket.on('trigger', (payload: unknown) => {
    io.to('all').emit('board:events', payload);
  });
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address() as { port: number };
  process.stdout.write(JSON.stringify({ msg: 'raw-ready', url: `http://127.0.0.1:${address.port}` }) + '\n');
});
process.on('SIGTERM', () => {
  void io.close();
  http.close(() => process.exit(0));
});
