// The status line under the prompt: scope │ login │ each node │ E2E.
import { Text, useStdout } from 'ink';
import type { StatusView } from '../shell.ts';
import type { Paint } from './paint.ts';
import { type ReplayProgress, statusLineText } from './status.ts';

export function StatusLine({ status, progress, paint }: { readonly status: StatusView; readonly progress: ReadonlyMap<number, ReplayProgress>; readonly paint: Paint }) {
  const columns = useStdout().stdout.columns || 80;
  return <Text>{statusLineText(status, progress, paint, columns)}</Text>;
}
