"""Pure kernels over arrays: organisational learning (``knowledge``, ``diffusion``), the customer
journey (``journey``) and the support queue (``queueing``). Nothing here knows about Mesa or Hydra;
the random ``numpy.random.Generator`` is always passed in."""
