/** The publishing inputs: targets, artifact, commit, release and pull-request comment. */
import { type InputReader, quote, type Report, readAutoBoolean, readBoolean } from './input-readers.ts';

export type PublishTarget = 'artifact' | 'commit' | 'release';
export type PrCommentMode = 'auto' | 'always' | 'never';

export interface PublishSettings {
  /** Empty when `publish: none`. */
  targets: ReadonlySet<PublishTarget>;
  artifactName: string;
  artifactPerFile: boolean;
  /** undefined = repository default */
  retentionDays: number | undefined;
  /** undefined = the triggering branch (PR head branch on pull_request) */
  commitBranch: string | undefined;
  commitMessage: string;
  /** undefined = the release of a `release` event */
  releaseTag: string | undefined;
  prComment: PrCommentMode;
  /** May be empty outside a runner; registered as a secret when not. */
  githubToken: string;
}

const MAX_RETENTION_DAYS = 90;
const PUBLISH_TARGETS: readonly PublishTarget[] = ['artifact', 'commit', 'release'];
/** Characters the artifact service refuses in artifact names, and control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused
const ARTIFACT_NAME_FORBIDDEN = /[":<>|*?\\/\u0000-\u001f\u007f]/;
const MAX_ARTIFACT_NAME_LENGTH = 256;

export function readPublish(input: InputReader, report: Report): PublishSettings {
  const targets = readPublishTargets(input('publish'), report);
  const artifactName = input('artifact-name');
  if (artifactName === '') {
    report('Input "artifact-name" is "": give a name for the artifact.');
  } else if (ARTIFACT_NAME_FORBIDDEN.test(artifactName)) {
    report(
      `Input "artifact-name" is ${quote(artifactName)}: it must not contain any of " : < > | * ? \\ / ` +
        'or a line break or other control character.',
    );
  } else if (artifactName.length > MAX_ARTIFACT_NAME_LENGTH) {
    report(
      `Input "artifact-name" is ${artifactName.length} characters long: expected at most ${MAX_ARTIFACT_NAME_LENGTH}.`,
    );
  }
  const artifactPerFile = readBoolean('artifact-per-file', input('artifact-per-file'), report) ?? false;

  const retentionRaw = input('retention-days');
  const retentionDays = retentionRaw === '' ? undefined : readRetentionDays(retentionRaw, report);

  const branchRaw = input('commit-branch');
  if (branchRaw !== '') {
    const problem = branchNameProblem(branchRaw);
    if (problem !== undefined) {
      report(`Input "commit-branch" is ${quote(branchRaw)}: not a valid git branch name (${problem}).`);
    }
  }

  const commitMessage = input('commit-message');
  if (commitMessage.trim() === '') {
    report('Input "commit-message" is "": give a message for the commit of converted files.');
  }

  const releaseTag = input('release-tag');
  const prComment = readPrComment(input('pr-comment'), report);

  return {
    targets,
    artifactName,
    artifactPerFile,
    retentionDays,
    commitBranch: branchRaw === '' ? undefined : branchRaw,
    commitMessage,
    releaseTag: releaseTag === '' ? undefined : releaseTag,
    prComment,
    githubToken: input('github-token'),
  };
}

function readPublishTargets(raw: string, report: Report): Set<PublishTarget> {
  const allowed = `expected any of ${PUBLISH_TARGETS.join(', ')} (comma-separated), or none`;
  const words = raw
    .split(/[,\r\n]+/)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '');
  const targets = new Set<PublishTarget>();
  if (words.length === 0) {
    report(`Input "publish" is ${quote(raw)}: ${allowed}.`);
    return targets;
  }
  for (const word of words) {
    const target = PUBLISH_TARGETS.find((candidate) => candidate === word);
    if (target !== undefined) {
      targets.add(target);
    } else if (word !== 'none') {
      report(`Input "publish" has ${quote(word)}: ${allowed}.`);
    }
  }
  if (words.includes('none') && words.some((word) => word !== 'none')) {
    report(`Input "publish" is ${quote(raw)}: "none" cannot be combined with other targets.`);
  }
  return targets;
}

function readRetentionDays(raw: string, report: Report): number | undefined {
  const days = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(days >= 1 && days <= MAX_RETENTION_DAYS)) {
    report(
      `Input "retention-days" is ${quote(raw)}: expected a whole number of days from 1 to ${MAX_RETENTION_DAYS}, ` +
        'or empty for the repository default.',
    );
    return undefined;
  }
  return days;
}

/** Why a name is not a valid branch name (the rules of `git check-ref-format --branch`), or undefined. */
export function branchNameProblem(name: string): string | undefined {
  if (name.startsWith('-')) return 'it starts with "-"';
  if (name === '@') return 'it is "@"';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what git forbids
  if (/[\u0000-\u0020\u007f]/.test(name)) return 'it contains a space or a control character';
  const forbidden = ['~', '^', ':', '?', '*', '[', '\\'].find((character) => name.includes(character));
  if (forbidden !== undefined) return `it contains "${forbidden}"`;
  if (name.includes('..')) return 'it contains ".."';
  if (name.includes('@{')) return 'it contains "@{"';
  if (name.startsWith('/') || name.endsWith('/')) return 'it starts or ends with "/"';
  if (name.includes('//')) return 'it contains "//"';
  if (name.endsWith('.')) return 'it ends with "."';
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `its part ${quote(component)} starts with "."`;
    if (component.endsWith('.lock')) return `its part ${quote(component)} ends with ".lock"`;
  }
  return undefined;
}

function readPrComment(raw: string, report: Report): PrCommentMode {
  return readAutoBoolean('pr-comment', raw, report) ?? 'auto';
}
