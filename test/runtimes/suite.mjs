// The one piece of logic every runtime shares: run the case modules against `lib` and count.
// Web APIs only (no node:*, Buffer, process) so it also runs inside workerd and the edge VM.

/**
 * Runs every case of every module. `modules` is `{ [area]: defaultExportOfCasesModule }`.
 * Never throws: a module whose `cases(lib)` itself throws counts as one failed case.
 * @returns {Promise<{ passed: number, failed: number, failures: string[], names: string[] }>}
 */
export async function runSuite(lib, modules) {
  const result = { passed: 0, failed: 0, failures: [], names: [] };
  for (const [area, cases] of Object.entries(modules)) {
    let list;
    try {
      list = await cases(lib);
      if (!Array.isArray(list) || list.length === 0) throw new Error('cases(lib) returned no cases');
    } catch (e) {
      result.failed++;
      result.failures.push(`${area}: could not list cases: ${describe(e)}`);
      continue;
    }
    for (const c of list) {
      const name = `${area} › ${c.name}`;
      result.names.push(name);
      try {
        await c.run();
        result.passed++;
      } catch (e) {
        result.failed++;
        result.failures.push(`${name}: ${describe(e)}`);
      }
    }
  }
  return result;
}

function describe(e) {
  if (e && typeof e === 'object' && 'message' in e) return `${e.code ? `[${e.code}] ` : ''}${e.message}`;
  return String(e);
}

/** The lines a runner prints: failures first, then the closing `N passed, M failed`. */
export function report(runtime, result) {
  const lines = result.failures.map((f) => `  ✗ ${f}`);
  lines.push(`${runtime}: ${result.passed} passed, ${result.failed} failed`);
  return lines.join('\n');
}
