using MassTransit;

namespace TinyUNet.Worker.Tests.Support;

/// <summary>
/// What the in-process worker's bus did, in order, as MassTransit's own observers report it (registered on every host
/// the fixture starts; no product hook): the bus beginning and finishing a stop, and each message a consumer finished
/// with or threw on. Tests wait on these instead of sleeping until something has probably happened.
/// </summary>
public sealed class BusWatch : IBusObserver, IConsumeObserver
{
    public enum Kind { PreStop, PostStop, PostConsume, ConsumeFault }

    /// <summary>One observed event, with the time it was reported (UTC, the clock activities are stamped with).</summary>
    public sealed record Event(Kind Kind, object? Message, DateTime AtUtc);

    public LockedList<Event> Events { get; } = new();

    /// <summary>Waits until a consumer has finished (returned or thrown) with a message of type <typeparamref name="T"/> matching <paramref name="match"/>.</summary>
    public async Task<Event> ConsumedAsync<T>(Func<T, bool> match, TimeSpan timeout) where T : class
    {
        bool Done(Event e) => e.Kind is Kind.PostConsume or Kind.ConsumeFault && e.Message is T m && match(m);
        return (await Events.WaitUntilAsync(all => all.Any(Done), timeout)).First(Done);
    }

    /// <summary>Waits for the next <paramref name="kind"/> after the first <paramref name="since"/> events.</summary>
    public async Task<Event> NextAsync(Kind kind, int since, TimeSpan timeout)
    {
        bool Match(Event e) => e.Kind == kind;
        return (await Events.WaitUntilAsync(all => all.Skip(since).Any(Match), timeout)).Skip(since).First(Match);
    }

    private Task Add(Kind kind, object? message = null)
    {
        Events.Add(new Event(kind, message, DateTime.UtcNow));
        return Task.CompletedTask;
    }

    public Task PreStop(IBus bus) => Add(Kind.PreStop);
    public Task PostStop(IBus bus) => Add(Kind.PostStop);
    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Add(Kind.PostConsume, context.Message);
    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Add(Kind.ConsumeFault, context.Message);

    public void PostCreate(IBus bus) { }
    public void CreateFaulted(Exception exception) { }
    public Task PreStart(IBus bus) => Task.CompletedTask;
    public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;
    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;
    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;
}
