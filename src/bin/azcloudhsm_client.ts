// azcloudhsm_client: not built yet.
process.stderr.write('azcloudhsm_client: not built yet in this emulator version (see README, "What is emulated")\n');
process.exit(3);
