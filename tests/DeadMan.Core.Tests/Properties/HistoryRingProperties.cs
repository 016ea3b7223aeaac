using DeadMan.Core.Monitoring;
using DeadMan.Core.Probing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeadMan.Core.Tests.Properties;

/// <summary>Issue 11: whatever rounds are recorded (skipped, late, out of order), the ring holds exactly the newest N.</summary>
public class HistoryRingProperties
{
    [Property(MaxTest = 500)]
    public Property Should_hold_exactly_the_latest_result_of_each_of_the_newest_rounds_When_rounds_come_in_any_order() =>
        Prop.ForAll(Gen.Zip(Gen.Choose(1, 12), Gen.Zip(Gen.Choose(0, 40), Gen.Choose(1, 3000)).ArrayOf()).ToArbitrary(), run =>
        {
            var (capacity, results) = run;
            var ring = new HistoryRing(capacity);
            var model = new Dictionary<long, int>();
            long latest = -1;
            foreach (var (round, rttMicros) in results)
            {
                ring.Record(round, ProbeResult.Reply(TimeSpan.FromMicroseconds(rttMicros), 64));
                // The ring keeps a result only while its round is among the newest 'capacity' rounds.
                if (round > latest - capacity)
                {
                    model[round] = rttMicros;
                    latest = Math.Max(latest, round);
                }
            }

            RoundHistory history = ring.Freeze();
            return history.LatestRound == latest
                && Enumerable.Range(-2, 45).All(r =>
                {
                    HistoryEntry entry = history[r];
                    bool kept = r > latest - capacity && r <= latest && model.ContainsKey(r);
                    return kept
                        ? entry.Outcome == ProbeOutcome.Reply && entry.Rtt == TimeSpan.FromMicroseconds(model[r])
                        : entry == default;
                });
        });

    [Property(MaxTest = 300)]
    public Property Should_never_change_a_frozen_history_When_later_rounds_land_anywhere() =>
        Prop.ForAll(Gen.Zip(Gen.Choose(1, 70), Gen.Zip(Gen.Choose(0, 200), Gen.Choose(1, 3000)).ArrayOf()).ToArbitrary(), run =>
        {
            // Every third result a picture is taken, with what a fresh ring fed the same results would show then.
            var (capacity, results) = run;
            var ring = new HistoryRing(capacity);
            var pictures = new List<(RoundHistory Frozen, HistoryEntry[] Expected, long Latest)>();
            for (int i = 0; i < results.Length; i++)
            {
                ring.Record(results[i].Item1, ProbeResult.Reply(TimeSpan.FromMicroseconds(results[i].Item2), 64));
                if (i % 3 == 0)
                {
                    RoundHistory frozen = ring.Freeze();
                    pictures.Add((frozen, [.. Enumerable.Range(0, 202).Select(r => frozen[r])], frozen.LatestRound));
                }
            }

            ring.Clear();
            return pictures.All(p => p.Frozen.LatestRound == p.Latest
                                     && Enumerable.Range(0, 202).All(r => p.Frozen[r] == p.Expected[r]));
        });
}
