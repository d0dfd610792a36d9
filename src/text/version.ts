// The SDK versions both tools print at start-up.
export const VERSION = { util: '2.09.07.02', sdkApi: '2.09.07.02', sdkPackage: '2.0.1.0' } as const;
