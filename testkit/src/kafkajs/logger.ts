import type { LogEntry, Logger, logCreator as LogCreator, logLevel as LogLevel } from "kafkajs";
import { logLevel } from "./kafkajs-runtime.js";

const LABELS: Record<number, string> = { 1: "ERROR", 2: "WARN", 4: "INFO", 5: "DEBUG" };

/**
 * kafkajs's default log creator: one JSON line per entry (`{"level","timestamp","logger":"kafkajs","message",…}`)
 * on the console method of its level.
 */
export const defaultLogCreator: LogCreator = () => (entry: LogEntry) => {
  const { timestamp, message, ...extra } = entry.log;
  const line = JSON.stringify({ level: entry.label, timestamp, logger: "kafkajs", message, ...extra });
  if (entry.level === logLevel.ERROR) console.error(line);
  else if (entry.level === logLevel.WARN) console.warn(line);
  else console.info(line);
};

/**
 * A logger with kafkajs's semantics: an entry is written when its level ≤ the configured level (NOTHING=0,
 * ERROR=1, WARN=2, INFO=4, DEBUG=5); `KAFKAJS_LOG_LEVEL` (e.g. `debug`) overrides the level as in kafkajs;
 * `namespace(ns, level?)` gives a child that logs under `ns`.
 */
export function createLogger(level: LogLevel = logLevel.INFO, logCreator: LogCreator = defaultLogCreator): Logger {
  const envLevel = process.env["KAFKAJS_LOG_LEVEL"]?.toUpperCase();
  const envValue = envLevel && envLevel in logLevel ? (logLevel as unknown as Record<string, LogLevel>)[envLevel] : undefined;
  const state = { level: envValue ?? level };
  const write = logCreator(state.level);
  const make = (namespace: string, own?: LogLevel): Logger => {
    const log = (entryLevel: LogLevel) => (message: string, extra: object = {}) => {
      const threshold = envValue ?? own ?? state.level;
      if (entryLevel > threshold || threshold === logLevel.NOTHING) return;
      write({ namespace, level: entryLevel, label: LABELS[entryLevel] ?? "INFO", log: { timestamp: new Date().toISOString(), message, ...extra } });
    };
    return {
      info: log(logLevel.INFO),
      error: log(logLevel.ERROR),
      warn: log(logLevel.WARN),
      debug: log(logLevel.DEBUG),
      namespace: (ns: string, l?: LogLevel) => make(ns, l ?? own),
      setLogLevel: (l: LogLevel) => {
        state.level = l;
      },
    };
  };
  return make("");
}
