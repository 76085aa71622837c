import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Request, Response } from 'restify';
import type { Logger } from '../../log.js';
import { readRawBody } from '../../http/server.js';
import type { SharedState } from '../../store/store.js';
import { envelope, type Envelope } from './payloads.js';
import { verifySlackRequest } from './verify.js';

/** Slack gives up on a request after three seconds; an unanswered one is acknowledged just before. */
const ACK_DEADLINE_MS = 2_500;
/** Slack retries over a few minutes; an hour covers them with room to spare. */
const RETRY_MEMORY_MS = 60 * 60_000;

/** The key of one delivery: a retried or repeated request has the same one. View submissions are keyed by the services. */
function deliveryOf(body: Envelope): string | undefined {
  if ('event_id' in body) return `event:${body.event_id}`;
  if ('command' in body) return `command:${body.trigger_id}`;
  if (body.type === 'block_actions' && typeof body.trigger_id === 'string') return `action:${body.trigger_id}`;
  return undefined;
}

/** Commands and events come form-encoded or as JSON; interactivity as a form field holding JSON. */
function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString('utf8');
  if (contentType?.includes('application/json')) return JSON.parse(text);
  const only = onlyPayload(text);
  if (only !== undefined) return JSON.parse(only);
  const form = new URLSearchParams(text);
  const payload = form.get('payload');
  if (payload !== null) return JSON.parse(payload);
  return Object.fromEntries(form);
}

/**
 * The JSON of an interactivity body that holds nothing but `payload=…`, decoded as
 * URLSearchParams would, three times faster on a modal's 10 KB; undefined for anything else.
 */
function onlyPayload(text: string): string | undefined {
  if (!text.startsWith('payload=') || text.includes('&')) return undefined;
  try {
    return decodeURIComponent(text.slice('payload='.length).replace(/\+/g, ' '));
  } catch {
    // Not well-formed percent-encoding: URLSearchParams decides what it reads as.
    return undefined;
  }
}

/**
 * Hands restify's request on `POST /slack/events` to Bolt. Verifies the signature and the
 * timestamp before anything else (a forged or stale request gets 401 and changes nothing),
 * answers Slack's URL check, drops a delivery it has already taken, and answers Slack as soon
 * as the listener acknowledges, so slow work carries on after the response.
 */
export class RestifyReceiver implements Receiver {
  private app: App | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly options: { signingSecret: string; log: Logger; now: () => number; shared: SharedState },
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  /** Waits for work still running after its request was answered (shutdown, tests). */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** The restify handler. */
  handle = async (req: Request, res: Response): Promise<void> => {
    const { log } = this.options;
    const raw = await readRawBody(req);
    if (raw === 'tooLarge') {
      res.send(413, { error: 'payload_too_large' });
      return;
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const verified = verifySlackRequest({
      signingSecret: this.options.signingSecret,
      rawBody: raw,
      timestamp: header('x-slack-request-timestamp'),
      signature: header('x-slack-signature'),
      nowMs: this.options.now(),
    });
    if (!verified.ok) {
      log.warn({ reason: verified.reason, path: req.path() }, 'slack request refused');
      res.send(401, { error: 'unauthorized' });
      return;
    }
    let parsed: Envelope;
    try {
      const result = envelope.safeParse(parseBody(raw, header('content-type')));
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? 'unrecognised payload');
      parsed = result.data;
    } catch (error) {
      log.info({ err: error instanceof Error ? error.message : String(error) }, 'slack request not understood');
      res.send(400, { error: 'bad_request' });
      return;
    }
    if (parsed.type === 'url_verification' && 'challenge' in parsed) {
      res.send(200, { challenge: parsed.challenge });
      return;
    }
    const retryNum = Number(header('x-slack-retry-num') ?? 0) || undefined;
    const delivery = deliveryOf(parsed);
    if (delivery && !(await this.first(delivery))) {
      log.info({ retryNum, kind: delivery.split(':')[0] }, 'slack delivery already taken; nothing done again');
      res.send(200);
      return;
    }
    await this.dispatch(parsed, res, retryNum, header('x-slack-retry-reason'));
  };

  /** True the first time any instance sees a delivery; a store that cannot say lets it through (its change fails there too). */
  private async first(delivery: string): Promise<boolean> {
    try {
      return await this.options.shared.firstDelivery(`slack:${delivery}`, RETRY_MEMORY_MS);
    } catch (error) {
      this.options.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not check for a repeated Slack delivery');
      return true;
    }
  }

  /** Runs Bolt's listeners; resolves once Slack has its answer, while the listeners may go on. */
  private dispatch(body: Envelope, res: Response, retryNum: number | undefined, retryReason: string | undefined): Promise<void> {
    const { log } = this.options;
    return new Promise<void>((answered) => {
      let acked = false;
      const reply = (response?: unknown) => {
        if (acked) return;
        acked = true;
        clearTimeout(timer);
        if (response === undefined || response === '') res.send(200);
        else if (typeof response === 'string') res.send(200, response, { 'content-type': 'text/plain; charset=utf-8' });
        else res.send(200, response);
        answered();
      };
      const timer = setTimeout(() => {
        log.warn('slack request not acknowledged in time; answered empty');
        reply();
      }, ACK_DEADLINE_MS);
      const event: ReceiverEvent = {
        body,
        retryNum,
        retryReason,
        ack: async (response?: unknown) => reply(response),
      };
      const work = this.app!.processEvent(event)
        .catch((error: unknown) => log.error({ err: error }, 'slack listener failed'))
        .finally(() => {
          reply();
          this.running.delete(work);
        });
      this.running.add(work);
    });
  }
}
