/**
 * Resolves in a new task: whatever waits for the page's main thread (a socket's messages, input) runs
 * first. Not setTimeout, which browsers clamp to 4 ms when nested; a MessageChannel is not clamped.
 */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
