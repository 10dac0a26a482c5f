using ImageGate.Core.Outcomes;

namespace ImageGate.Cli.Tests;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(Outcome.Passed, 0)]
    [InlineData(Outcome.GateFailed, 1)]
    [InlineData(Outcome.Incomplete, 3)]
    public void Each_outcome_maps_to_its_documented_exit_code(Outcome outcome, int code)
    {
        Assert.Equal(code, ExitCodes.For(outcome));
    }
}
