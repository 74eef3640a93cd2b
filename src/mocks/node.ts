/**
 * The simulator for Vitest (msw/node). Tests call `server.listen()` themselves or use `setupSimulator()`
 * from ./testing. `host` is shared so tests can create worlds and read raw state.
 */
import { setupServer } from 'msw/node'
import { createHandlers } from './handlers'
import { SimHost } from './sim/host'

export const host = new SimHost()
export const server = setupServer(...createHandlers(host))
