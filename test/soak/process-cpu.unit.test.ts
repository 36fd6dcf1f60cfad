import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { cpuPerCycle, startCpuAccount } from '../../soak/process-cpu';

/** A shell whose child node burns `cpuMs` of its own CPU time, says so, then idles until killed. */
function burner(cpuMs: number) {
  const script = `const s=process.cpuUsage();while((process.cpuUsage(s).user+process.cpuUsage(s).system)/1000<${cpuMs}){}console.log(process.pid);setInterval(()=>{},1000)`;
  const shell = spawn('sh', ['-c', `node -e "${script}"; true`], { stdio: ['ignore', 'pipe', 'inherit'] });
  // The node child's pid, once it has burned its CPU (the shell stays its parent: `; true`).
  const done = once(createInterface({ input: shell.stdout }), 'line').then(([line]) => Number(line));
  return { shell, done };
}

describe('the soak CPU account (/proc/<pid>/stat)', () => {
  it("counts a process tree's CPU time, descendants included, from zero for a process started after it", async () => {
    const b = burner(300);
    const watched = startCpuAccount(
      [
        { name: 'burner', pid: () => b.shell.pid },
        { name: 'shell-only', pid: () => b.shell.pid, withDescendants: false },
      ],
      50,
    );
    const child = await b.done;
    const result = await watched.stop();
    process.kill(child, 'SIGKILL');
    b.shell.kill('SIGKILL');
    const by = Object.fromEntries(result.byProcess.map((p) => [p.name, p]));
    // The node child burned at least 300 ms of CPU (its own measure) after the shell started.
    expect(by.burner?.cpuSeconds).toBeGreaterThanOrEqual(0.29);
    expect(by.burner?.processes).toBe(2);
    expect(by['shell-only']?.processes).toBe(1);
    expect(by['shell-only']?.cpuSeconds).toBeLessThan(0.2);
    expect(result.totalCpuSeconds).toBeCloseTo(
      (by.burner?.cpuSeconds ?? 0) + (by['shell-only']?.cpuSeconds ?? 0),
    );
  }, 120_000);

  it('divides by the cycles closed and gives the floor of 290 cycles on the cores', () => {
    const account = {
      intervalMs: 1000,
      samples: 10,
      byProcess: [
        { name: 'worker', cpuSeconds: 30, processes: 1 },
        { name: 'temporal', cpuSeconds: 10, processes: 1 },
      ],
      totalCpuSeconds: 40,
    };
    const per = cpuPerCycle(account, 10);
    expect(per?.totalCpuSecondsPerCycle).toBe(4);
    expect(per?.perCycle).toEqual([
      { name: 'worker', cpuSeconds: 3, share: 0.75 },
      { name: 'temporal', cpuSeconds: 1, share: 0.25 },
    ]);
    expect(per?.floor.cpuSeconds).toBe(1160);
    expect(per?.floor.wallSeconds).toBeCloseTo(1160 / (per?.cores ?? 1), 1);
    expect(cpuPerCycle(account, 0)).toBeNull();
  });
});
