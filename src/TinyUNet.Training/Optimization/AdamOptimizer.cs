using TinyUNet.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TinyUNet.Training.Optimization;

/// <summary>
/// Adam (Kingma &amp; Ba; PyTorch's update, bias-corrected, optional L2 weight decay), written so that no TorchSharp
/// <see cref="Scalar"/> is left to the finalizer. TorchSharp's own Adam turns each coefficient into an implicit Scalar
/// per parameter and step (about 1,500 a step for TinyU-Net) whose handle a native call may still be reading when a
/// collection finalizes it: the rare libtorch abort of long runs (<see cref="RootedScalars"/>). Here each step makes
/// its few coefficients once, uses them for every parameter and disposes them after the last native call.
/// Moments and the step count are saved as safetensors, so a checkpoint resumes on any machine.
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private const string StepKey = "step";
    private readonly Parameter[] parameters;
    private readonly Tensor[] firstMoments, secondMoments;
    private readonly double beta1, beta2, epsilon, weightDecay;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0)
    {
        if (learningRate < 0) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Learning rate must be ≥ 0.");
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1).");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1).");
        if (epsilon < 0) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be ≥ 0.");
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be ≥ 0.");
        this.parameters = [.. parameters];
        LearningRate = learningRate;
        (this.beta1, this.beta2, this.epsilon, this.weightDecay) = (beta1, beta2, epsilon, weightDecay);
        firstMoments = [.. this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        secondMoments = [.. this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
    }

    public double LearningRate { get; set; }

    /// <summary>Updates taken so far (the bias corrections depend on it).</summary>
    public long Steps { get; private set; }

    public void ZeroGrad()
    {
        foreach (Parameter parameter in parameters) parameter.grad?.zero_();
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        Steps++;
        double correction1 = 1 - Math.Pow(beta1, Steps), correction2 = 1 - Math.Pow(beta2, Steps);
        using var noGrad = no_grad();
        using Scalar decay1 = beta1.ToScalar(), keep1 = (1 - beta1).ToScalar();
        using Scalar decay2 = beta2.ToScalar(), keep2 = (1 - beta2).ToScalar();
        using Scalar rootCorrection2 = Math.Sqrt(correction2).ToScalar(), eps = epsilon.ToScalar();
        using Scalar stepSize = (-LearningRate / correction1).ToScalar(), decay = weightDecay.ToScalar();
        for (int i = 0; i < parameters.Length; i++)
        {
            Tensor? gradient = parameters[i].grad;
            if (gradient is null) continue;
            using var scope = NewDisposeScope();
            if (weightDecay != 0) gradient = gradient.add(parameters[i], decay);
            firstMoments[i].mul_(decay1).add_(gradient, keep1);
            secondMoments[i].mul_(decay2).addcmul_(gradient, gradient, keep2);
            Tensor denominator = secondMoments[i].sqrt().div_(rootCorrection2).add_(eps, RootedScalars.One);
            parameters[i].addcdiv_(firstMoments[i], denominator, stepSize);
        }
    }

    public void Save(string path)
    {
        using var scope = NewDisposeScope(); // the step tensor and any copies off the GPU
        var state = new Dictionary<string, Tensor> { [StepKey] = tensor(new[] { Steps }) };
        for (int i = 0; i < parameters.Length; i++)
        {
            state[$"m.{i}"] = firstMoments[i].cpu();
            state[$"v.{i}"] = secondMoments[i].cpu();
        }
        TorchSharp.PyBridge.Safetensors.SaveStateDict(path, state);
    }

    public void Load(string path)
    {
        Dictionary<string, Tensor> state = TorchSharp.PyBridge.Safetensors.LoadStateDict(path);
        try
        {
            if (!state.TryGetValue(StepKey, out Tensor? step) || state.Count != 1 + 2 * parameters.Length)
                throw new InvalidDataException($"{path}: Adam state for {(state.Count - 1) / 2} parameters, the network has {parameters.Length}.");
            using var noGrad = no_grad();
            for (int i = 0; i < parameters.Length; i++)
            {
                firstMoments[i].copy_(state[$"m.{i}"]);
                secondMoments[i].copy_(state[$"v.{i}"]);
            }
            Steps = step.item<long>();
        }
        finally
        {
            foreach (Tensor t in state.Values) t.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (Tensor t in firstMoments.Concat(secondMoments)) t.Dispose();
    }
}
