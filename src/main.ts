import { runServer } from './server-process.js';

/** `npm start` and `gerbang serve`: the server (server-process.ts holds the wiring). */
runServer();
