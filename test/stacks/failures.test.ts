import { z } from 'zod';
import { defineModule, InputProblems, InternalError, ModuleRegistry, SpecError } from '../../modules';
import { vpcModule } from '../../modules/vpc';
import { EXIT, reportFailure } from '../../cli/program';
import { BASE_FIELDS, errorOf, synthSpec } from '../support/synth';

/** A module whose build fails in the way given. */
const failing = (name: string, failure: () => never) =>
  defineModule({ name, version: '2.1.0', description: 'fails while building', stack: 'network', inputs: z.strictObject({ size: z.number().default(1) }), outputs: {}, dependsOn: [], build: failure });

const registry = (failure: () => never) => new ModuleRegistry().register(vpcModule).register(failing('flaky', failure));

describe('problems are typed values from the module to the user', () => {
  test("a module's InputProblems are reported at the module's own key, one line each", () => {
    const error = errorOf(() =>
      synthSpec({ ...BASE_FIELDS, vpc: {}, flaky: {} }, 'qa', registry(() => {
        throw new InputProblems([{ path: ['size'], message: 'expected 2, got 1' }, { path: [], message: 'cannot be built here' }]);
      })),
    );
    expect(error).toBe('stacks/environments/qa.yaml: flaky.size: expected 2, got 1\nstacks/environments/qa.yaml: flaky: cannot be built here');
  });

  test('any other failure is an internal error naming environment and module, on one line', () => {
    let caught: unknown;
    try {
      synthSpec({ ...BASE_FIELDS, vpc: {}, flaky: {} }, 'qa', registry(() => {
        throw new TypeError("Cannot read properties of undefined (reading 'id')\n    at build (flaky.ts:1:1)");
      }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InternalError);
    expect(caught).not.toBeInstanceOf(SpecError);
    expect((caught as Error).message).toBe(
      'internal error in module "flaky" 2.1.0 of environment "qa" (stacks/environments/qa.yaml): TypeError: Cannot read properties of undefined (reading \'id\'). This is a bug, not a problem with your spec: please report it with the spec and this line (PLATFORM_DEBUG=1 prints the stack trace)',
    );
  });

  test('the command line prints an internal error as one line and exits 3; the stack trace only on request', () => {
    const error = new InternalError('in module "flaky"', new Error('boom'));
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(reportFailure(error, {})).toBe(EXIT.internal);
      expect(write.mock.calls.map(([text]) => String(text))).toEqual([`${error.message}\n`]);
      write.mockClear();
      reportFailure(error, { PLATFORM_DEBUG: '1' });
      expect(String(write.mock.calls[1][0])).toMatch(/^Error: boom\n\s+at /);
    } finally {
      write.mockRestore();
    }
  });

  test('a raw error reaching the command line is still one line and exit 3', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(reportFailure(new RangeError('Maximum call stack size exceeded'), {})).toBe(EXIT.internal);
      expect(String(write.mock.calls[0][0])).toMatch(/^internal error in the command line tool: RangeError: Maximum call stack size exceeded\. This is a bug/);
      expect(write.mock.calls).toHaveLength(1);
    } finally {
      write.mockRestore();
    }
  });
});
