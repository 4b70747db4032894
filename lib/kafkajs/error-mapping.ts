import { ErrorCode } from '../errors/codes.js';
import {
  KafkaAbortError,
  KafkaArgumentError,
  KafkaClosedError,
  KafkaConfigError,
  KafkaError,
  KafkaRecordError,
  KafkaSerializationError,
  KafkaTimeoutError,
  messageOf,
} from '../errors/kafka-errors.js';
import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
  KafkaJSTimeout,
} from './errors.js';
import { protocolErrorName } from './protocol-errors.js';

/** What the retry-exhaustion error reports: the retries allowed and the delivery timeout. */
export interface RetryBudget {
  retries: number;
  deliveryTimeoutMs: number;
}

/** KafkaJS's message when a call comes before connect() or after disconnect(). */
export const DISCONNECTED_MESSAGE = 'The producer is disconnected';

/**
 * The KafkaJS error for anything ferrokafka threw or rejected with, following KafkaJS's rules:
 * bad input and refused calls are non-retriable; a broker's error code is a KafkaJSProtocolError
 * named as the protocol names it; a retriable failure that outlived librdkafka's retries is a
 * KafkaJSNumberOfRetriesExceeded whose cause is that failure. The ferrokafka error stays the cause.
 */
export function toKafkaJSError(error: unknown, budget: RetryBudget): KafkaJSError {
  if (error instanceof KafkaJSError) return error;
  if (!(error instanceof KafkaError)) return new KafkaJSNonRetriableError(messageOf(error), { cause: error });
  if (error instanceof KafkaClosedError) {
    // A fatal error closed the producer: retrying will not help. Otherwise it was disconnected.
    return error.cause instanceof KafkaError
      ? new KafkaJSNonRetriableError(error.message, { cause: error })
      : new KafkaJSError(DISCONNECTED_MESSAGE, { cause: error });
  }
  if (
    error instanceof KafkaRecordError ||
    error instanceof KafkaSerializationError ||
    error instanceof KafkaConfigError ||
    error instanceof KafkaArgumentError ||
    error instanceof KafkaAbortError
  ) {
    return new KafkaJSNonRetriableError(error.message, { cause: error });
  }
  if (error instanceof KafkaTimeoutError) return new KafkaJSTimeout(error.message, { cause: error });
  const mapped = byCode(error);
  if (error.fatal || !mapped.retriable || mapped instanceof KafkaJSNonRetriableError) return mapped;
  return new KafkaJSNumberOfRetriesExceeded(mapped, { retryCount: budget.retries, retryTime: budget.deliveryTimeoutMs });
}

function byCode(error: KafkaError): KafkaJSError {
  if (error.code >= 0) return protocolError(error, error.code);
  switch (error.code) {
    case ErrorCode.UNKNOWN_TOPIC:
    case ErrorCode.UNKNOWN_PARTITION:
      return protocolError(error, ErrorCode.UNKNOWN_TOPIC_OR_PART);
    case ErrorCode.MSG_TIMED_OUT:
    case ErrorCode.TIMED_OUT:
      return new KafkaJSRequestTimeoutError(error.message, { cause: error });
    case ErrorCode.TRANSPORT:
    case ErrorCode.ALL_BROKERS_DOWN:
    case ErrorCode.SSL:
      return new KafkaJSConnectionError(error.message, { cause: error });
    case ErrorCode.AUTHENTICATION:
      return new KafkaJSSASLAuthenticationError(error.message, { cause: error });
    default:
      return error.fatal || !error.retriable
        ? new KafkaJSNonRetriableError(error.message, { cause: error })
        : new KafkaJSError(error.message, { retriable: true, cause: error });
  }
}

function protocolError(error: KafkaError, code: number): KafkaJSProtocolError {
  const { type, retriable } = protocolErrorName(code);
  return new KafkaJSProtocolError({ message: error.message, type, code, retriable: retriable && !error.fatal }, { cause: error });
}
