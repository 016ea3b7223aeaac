using DeadMan.Terminal.Table;

namespace DeadMan.Terminal.Tests.Table;

/// <summary>Issue 13: name sort put ap1-10 before ap1-2.</summary>
public class NaturalOrderTests
{
    [Fact]
    public void Should_count_numbers_by_value_When_sorting_names()
    {
        string[] names = ["ap1-10", "AP1-2", "ap1-02b", "ap10-1", "ap1-2a", "core", "ap1-1", "ap2", "ルーター10", "ルーター9"];

        string[] sorted = [.. names.Order(NaturalOrder.Instance)];

        Assert.Equal(["ap1-1", "AP1-2", "ap1-2a", "ap1-02b", "ap1-10", "ap2", "ap10-1", "core", "ルーター9", "ルーター10"], sorted);
    }
}
