using ImageGate.Core.Errors;
using ImageGate.Endorsement.Publishing;

namespace ImageGate.Endorsement.Tests.Publishing;

public sealed class ListExpiryTests
{
    [Fact]
    public void A_list_is_valid_for_28_days_unless_told_otherwise()
    {
        Assert.Equal(TimeSpan.FromDays(28), ListExpiry.FromDays(null));
        Assert.Equal(TimeSpan.FromDays(28), ListExpiry.Default);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(7)]
    [InlineData(3660)]
    public void A_validity_above_zero_and_up_to_3660_days_is_taken_as_given(double days)
    {
        Assert.Equal(TimeSpan.FromDays(days), ListExpiry.FromDays(days));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3660.5)]
    [InlineData(100000)]
    public void A_validity_of_zero_or_less_or_above_3660_days_is_bad_input(double days)
    {
        var ex = Assert.Throws<BadInputException>(() => ListExpiry.FromDays(days));
        Assert.Equal($"--expires-in {days} must be between 0 and 3660 days", ex.Message);
    }

    [Theory]
    [InlineData("2026-12-31T00:00:00Z", "2026-12-31T00:00:00+00:00")]
    [InlineData("2026-12-31T02:00:00+02:00", "2026-12-31T00:00:00+00:00")]
    [InlineData("2026-12-31T00:00:00", "2026-12-31T00:00:00+00:00")]
    [InlineData("2026-12-31", "2026-12-31T00:00:00+00:00")]
    public void An_absolute_expiry_is_read_as_utc(string text, string expected)
    {
        var parsed = ListExpiry.ParseTime(text);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Fact]
    public void An_absolute_expiry_that_is_not_a_time_is_bad_input_naming_it()
    {
        var ex = Assert.Throws<BadInputException>(() => ListExpiry.ParseTime("next tuesday"));
        Assert.Equal("--expires-at 'next tuesday' is not a time (use ISO 8601, e.g. 2026-12-31T00:00:00Z)", ex.Message);
    }
}
