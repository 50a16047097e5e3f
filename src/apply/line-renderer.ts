/**
 * listr2 renderer for CI logs and other non-TTY output: one line per finished operation
 * (`✔ repository api: + create DB_HOST`, `✖ …: <why>`), nothing for starts or groups, so a log
 * reads like the plan it carries out. Titles hold keys only, never values.
 */
import { ListrTaskEventType, ListrTaskState, type ListrRenderer } from 'listr2';

type RendererTask = ConstructorParameters<typeof ListrRenderer>[0][number];

export interface LineRendererOptions {
  write?: (line: string) => void;
}

export class LineRenderer {
  static nonTTY = true;
  static rendererOptions: LineRendererOptions = {};
  static rendererTaskOptions: Record<PropertyKey, never> = {};

  readonly #tasks: RendererTask[];
  readonly #write: (line: string) => void;

  constructor(tasks: RendererTask[], options: LineRendererOptions) {
    this.#tasks = tasks;
    this.#write = options.write ?? ((line) => process.stderr.write(line + '\n'));
  }

  render(): void {
    this.#subscribe(this.#tasks);
  }

  end(): void {}

  #subscribe(tasks: RendererTask[]): void {
    for (const task of tasks) {
      task.on(ListrTaskEventType.SUBTASK, (subtasks: RendererTask[]) => this.#subscribe(subtasks));
      task.on(ListrTaskEventType.STATE, (state: ListrTaskState) => {
        if (state === ListrTaskState.COMPLETED && task.hasTitle() && !task.hasSubtasks()) this.#write(`✔ ${task.title}`);
      });
      task.on(ListrTaskEventType.MESSAGE, (message: { error?: string }) => {
        if (message.error && !task.hasSubtasks()) this.#write(`✖ ${task.title}: ${message.error}`);
      });
    }
  }
}
