// The SDK versions the tools print at start-up. The package version is one setting: the onboarding
// guide's banner shows 2.0.1.0 (the default); Microsoft Learn's singlecmd transcript shows 2.0.1.2; the
// current Azure package is newer. AZCLOUDHSM_EMU_SDK_PACKAGE_VERSION sets it (digits and dots).
export const SDK_PACKAGE_VERSION_ENV = 'AZCLOUDHSM_EMU_SDK_PACKAGE_VERSION';

const DEFAULT_SDK_PACKAGE_VERSION = '2.0.1.0';

export function sdkPackageVersion(env: NodeJS.ProcessEnv = process.env): string {
  const wanted = env[SDK_PACKAGE_VERSION_ENV];
  return wanted !== undefined && /^\d+(\.\d+){1,3}$/.test(wanted) ? wanted : DEFAULT_SDK_PACKAGE_VERSION;
}

export const VERSION = { util: '2.09.07.02', sdkApi: '2.09.07.02', sdkPackage: sdkPackageVersion() } as const;
