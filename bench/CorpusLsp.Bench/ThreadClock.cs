using System.Runtime.InteropServices;

namespace CorpusLsp.Bench;

/// <summary>The calling thread's processor time (CLOCK_THREAD_CPUTIME_ID): what a step cost, without a shared machine's waits.</summary>
internal static class ThreadClock
{
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds, Nanoseconds; }

    public static long NowNanoseconds() => OperatingSystem.IsLinux() && ClockGetTime(3, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : 0;

    public static double NowMs() => NowNanoseconds() / 1e6;
}
