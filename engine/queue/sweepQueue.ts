import { Queue } from 'bullmq'
import { redisConnection } from './redisConnection.js'
import { QUEUE_NAME } from './sweepJob.js'

/** The BullMQ queue of sweep jobs at `url` (the caller closes it). */
export function openSweepQueue(url: string): Queue {
  return new Queue(QUEUE_NAME, { connection: redisConnection(url) })
}
