// The status line under the prompt: scope │ login │ each node │ E2E, fitted to the terminal's width.
import { Text } from 'ink';
import type { StatusView } from '../shell.ts';
import type { Paint } from './paint.ts';
import { type ReplayProgress, statusLineText } from './status.ts';

export interface StatusLineProps {
  readonly status: StatusView;
  readonly progress: ReadonlyMap<number, ReplayProgress>;
  readonly paint: Paint;
  readonly columns: number;
}

export function StatusLine({ status, progress, paint, columns }: StatusLineProps) {
  return <Text wrap="truncate">{statusLineText(status, progress, paint, columns)}</Text>;
}
