// The services one sandbox cloud starts (emulator, token service, front door), stopped together: when the cloud stops,
// or when starting a later one fails, so a failed start leaves no port open.
export function serviceGroup() {
  const stops: (() => Promise<void>)[] = [];
  return {
    started<T extends { stop(): Promise<void> }>(service: T): T {
      stops.push(() => service.stop());
      return service;
    },
    stopAll: async () => void (await Promise.all(stops.map((stop) => stop()))),
  };
}
