namespace smp {}
