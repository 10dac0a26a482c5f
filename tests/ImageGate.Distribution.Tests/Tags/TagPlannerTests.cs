using ImageGate.Core.Errors;
using ImageGate.Distribution.Tags;

namespace ImageGate.Distribution.Tests.Tags;

public sealed class TagPlannerTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string A = "sha256:aaaa";
    private const string B = "sha256:bbbb";

    [Fact]
    public void The_newest_endorsed_version_gets_the_tag_and_push_tags_with_a_hyphen_are_never_touched()
    {
        var plan = TagPlanner.Plan(
            [new("vo/debian", "12", A, Day1), new("vo/debian", "12", B, Day1.AddDays(3))],
            [],
            [new("vo/debian", "12-aaaaaaaaaaaa", A), new("vo/debian", "12-bbbbbbbbbbbb", B)]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(new TagChange(TagChangeKind.Create, "vo/debian", "12", null, B), change);
        Assert.Empty(plan.Foreign);
    }

    [Fact]
    public void Revoking_the_newest_moves_the_tag_back_and_revoking_all_deletes_it()
    {
        (string, string)[] managed = [("vo/debian", "12")];
        RegistryTag[] now = [new("vo/debian", "12", B)];

        var back = TagPlanner.Plan([new("vo/debian", "12", A, Day1)], managed, now);
        var none = TagPlanner.Plan([], managed, now);

        Assert.Equal([new TagChange(TagChangeKind.Move, "vo/debian", "12", B, A)], back.Changes);
        Assert.Equal([new TagChange(TagChangeKind.Delete, "vo/debian", "12", B, null)], none.Changes);
    }

    [Fact]
    public void A_registry_that_matches_the_list_needs_no_change_and_foreign_hyphen_free_tags_are_reported_not_touched()
    {
        var plan = TagPlanner.Plan(
            [new("vo/debian", "12", B, Day1)],
            [("vo/debian", "12"), ("vo/debian", "11")],
            [new("vo/debian", "12", B), new("vo/debian", "latest", A)]);

        Assert.True(plan.IsEmpty);
        Assert.Equal([new RegistryTag("vo/debian", "latest", A)], plan.Foreign);
    }

    [Fact]
    public void An_endorsed_tag_with_a_hyphen_is_refused()
    {
        Assert.Throws<BadInputException>(() => TagPlanner.Plan([new("vo/debian", "12-x", A, Day1)], [], []));
    }

    [Theory]
    [InlineData("12", "12")]
    [InlineData("9.4", "9.4")]
    [InlineData("2024-01", "2024.01")]
    [InlineData(null, "stable")]
    [InlineData("", "stable")]
    public void The_default_endorsed_tag_is_the_os_version_without_hyphens(string? versionId, string expected)
    {
        Assert.Equal(expected, TagPlanner.DefaultEndorsedTag(versionId));
    }
}
