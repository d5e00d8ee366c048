/** A small hand-written corpus whose right answers are obvious to a reader. */
import type { ArticleInput } from '../../src/content/types.ts';
import { articleInput } from '../fixtures/article-input.ts';

const slowTests = 'speeding up test suites';
const memory = 'tuning memory usage';

export const corpus: ArticleInput[] = [
  articleInput({
    sourceId: 'py-1',
    title: 'speeding up a slow pytest suite',
    problem: slowTests,
    stack: ['python services', 'backend', 'python'],
    tools: ['pytest', 'fastapi', 'ruff'],
    body: [
      'pytest fixtures with a session scope keep the suite fast.',
      'run the slowest tests first.',
    ],
  }),
  articleInput({
    sourceId: 'py-2',
    title: 'parallel pytest runs for fastapi services',
    problem: slowTests,
    stack: ['python services', 'backend', 'python'],
    tools: ['pytest', 'fastapi', 'xdist'],
    body: ['xdist spreads the pytest suite across cores.', 'fixtures must not share state.'],
  }),
  articleInput({
    sourceId: 'py-3',
    title: 'pytest fixtures that keep the suite fast',
    problem: slowTests,
    stack: ['python services', 'backend', 'python'],
    tools: ['pytest', 'ruff'],
    body: ['session fixtures build the database once.', 'the suite then runs in seconds.'],
  }),
  articleInput({
    sourceId: 'py-4',
    title: 'profiling a python test suite',
    problem: slowTests,
    stack: ['python services', 'backend', 'python'],
    tools: ['pytest', 'py-spy'],
    body: ['py-spy shows where the suite spends its time.'],
    lastReviewed: null,
    status: 'drafted',
  }),
  articleInput({
    sourceId: 'py-draft',
    title: 'draft: faster pytest suites with fastapi',
    problem: slowTests,
    stack: ['python services', 'backend', 'python'],
    tools: ['pytest', 'fastapi', 'ruff'],
    body: ['pytest fixtures with a session scope keep the suite fast.'],
    draft: true,
  }),
  articleInput({
    sourceId: 'rs-1',
    title: 'finding memory leaks in tokio services',
    problem: memory,
    stack: ['rust services', 'backend', 'rust'],
    tools: ['cargo', 'tokio', 'heaptrack'],
    body: ['heaptrack shows which allocations grow.'],
    needsHumanReview: true,
  }),
  articleInput({
    sourceId: 'rs-2',
    title: 'smaller allocations in rust services',
    problem: memory,
    stack: ['rust services', 'backend', 'rust'],
    tools: ['cargo', 'heaptrack'],
    body: ['arena allocation keeps memory flat.'],
  }),
  articleInput({
    sourceId: 'rs-3',
    title: 'measuring rust memory with heaptrack',
    problem: memory,
    stack: ['rust services', 'backend', 'rust'],
    tools: ['cargo', 'heaptrack', 'tokio'],
    body: ['heaptrack under real load tells the truth about memory.'],
    status: 'needs changes',
  }),
  articleInput({
    sourceId: 'rs-4',
    title: 'tokio task memory in practice',
    problem: memory,
    stack: ['rust services', 'backend', 'rust'],
    tools: ['tokio', 'cargo'],
    body: ['each tokio task holds its future in memory until it completes.'],
    lastReviewed: '2019-05-01',
  }),
  articleInput({
    sourceId: 'k8s-1',
    title: 'autoscaling kubernetes pods on queue length',
    problem: 'scaling clusters',
    stack: ['kubernetes platforms', 'platform', 'yaml'],
    tools: ['kubectl', 'keda'],
    body: ['keda scales deployments from queue metrics.'],
    lastReviewed: '2027-01-01',
  }),
];
