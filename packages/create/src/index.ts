/**
 * create-boomerang: the starter's command (`npm create boomerang`), and the project files it writes,
 * for the Nx plugin's service generator to write the same ones.
 */
export { create, help, type CreateIo } from './create.ts';
export { projectFiles, projectNames, projectPackageJson, serverTarget, serverTargets, versions, type ProjectFile, type ProjectNames, type ProjectOptions, type ServerTarget } from './project.ts';
