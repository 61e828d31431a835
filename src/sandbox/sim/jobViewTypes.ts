import type { JobStatus } from '../estate/estateSchema';
import type { TaskStatus } from '../model/types';

// What a job reads as at one instant: shared by jobView.ts and cancellation.ts (its own file so
// neither imports the other).

export const TASK_SNAPSHOT = 'Take Snapshot';
export const TASK_TRANSFER = 'Transfer data to vault';

export interface TaskView {
  taskId: typeof TASK_SNAPSHOT | typeof TASK_TRANSFER;
  status: TaskStatus;
  startMs?: number;
  endMs?: number;
  progressPercentage: number;
}

export interface JobView {
  status: JobStatus | 'Cancelling';
  endMs?: number;
  durationMs: number;
  progressPercentage: number;
  tasks: TaskView[];
  errorCode?: string;
}
