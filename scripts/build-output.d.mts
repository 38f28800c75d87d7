/** Types of scripts/build-output.mjs (imported by the vite configs and the tests). */
export type BuildTarget = 'proxy' | 'renderer' | 'main';
export declare const ROOT: string;
export declare const TEST_BUILD_DIR: string;
export declare function buildDir(env?: Record<string, string | undefined>): string;
export declare const TARGETS: Record<BuildTarget, { config: string; outputs: string[]; sources: string[] }>;
export declare function isFresh(target: BuildTarget, dir?: string): boolean;
export declare function build(target: BuildTarget, dir?: string): void;
export declare function ensureBuilt(target: BuildTarget, dir?: string): boolean;
