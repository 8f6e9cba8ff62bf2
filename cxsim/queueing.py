"""Erlang C for the support contact centre (Erlang B recursion, stable for many agents).

erlang_c(calls, interval_s, aht_s, agents, target_s) -> ErlangC(traffic, p_wait, service_level,
asa, occupancy, stable); an unstable queue (traffic >= agents) is reported with stable=False and
asa=inf, which the journey caps. agents_needed gives the smallest staffing meeting a service level.
"""
import math
from collections import namedtuple
ErlangC=namedtuple('ErlangC','traffic p_wait service_level asa occupancy stable')
def erlang_c(calls,interval_s,aht_s,agents,target_s):
    A=calls*aht_s/interval_s
    if calls<=0: return ErlangC(0,0,1,0,0,True)
    if agents<=A: return ErlangC(A,1,0,math.inf,1,False)
    B=1.0
    for k in range(1,agents+1): B=A*B/(k+A*B)
    C=agents*B/(agents-A*(1-B))
    sl=1-C*math.exp(-(agents-A)*target_s/aht_s); asa=C*aht_s/(agents-A)
    return ErlangC(A,C,sl,asa,A/agents,True)
def agents_needed(calls,interval_s,aht_s,target_s,sl):
    a=max(1,int(calls*aht_s/interval_s)+1)
    while erlang_c(calls,interval_s,aht_s,a,target_s).service_level<sl: a+=1
    return a
